Some preamble that is dropped.
Question: How many shops?
SQL: SELECT count(*) FROM shop;

question : multi-line sql
sql:
SELECT name
FROM shop
WHERE id = 1;

QUESTION:  SQL comes first? no

SQL: SELECT 1;
Question: backwards

Question: no sql part here

Question: a
SQL: SELECT a;
question: b
SQL: SELECT b;

Question:
SQL:


Question: after two blank lines
SQL: SELECT 9;
