SELECT 1;
-- a comment; with a semicolon
SELECT 2
;
;
