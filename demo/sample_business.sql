-- Sample business database for the demo: a small chain of bicycle shops.
-- Written for this project; loaded by `./bin/pipeline demo` into database pipeline_demo_business.
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS sales;

CREATE TABLE public.shop (
    shop_id     integer PRIMARY KEY,
    shop_name   varchar(80) NOT NULL,
    city        varchar(40) NOT NULL,
    opened_on   date NOT NULL,
    is_flagship boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE public.shop IS 'Bicycle shops of the chain';
COMMENT ON COLUMN public.shop.shop_name IS 'Display name of the shop';
COMMENT ON COLUMN public.shop.city IS 'City where the shop is located';

CREATE TABLE public.product (
    product_id   integer PRIMARY KEY,
    sku          varchar(20) NOT NULL UNIQUE,
    product_name varchar(120) NOT NULL,
    category     varchar(30) NOT NULL,
    list_price   numeric(10, 2) NOT NULL CHECK (list_price >= 0)
);
COMMENT ON TABLE public.product IS 'Products sold by the shops';
COMMENT ON COLUMN public.product.category IS 'Product category: road, mountain, city, kids, accessory';

CREATE TABLE public.customer (
    customer_id  integer PRIMARY KEY,
    full_name    varchar(100) NOT NULL,
    email        varchar(120),
    member_since date,
    tier         varchar(10) NOT NULL DEFAULT 'basic'
);
COMMENT ON COLUMN public.customer.tier IS 'Loyalty tier: basic, silver, gold';

CREATE TABLE public.sales_order (
    order_id    integer PRIMARY KEY,
    shop_id     integer NOT NULL REFERENCES public.shop (shop_id),
    customer_id integer REFERENCES public.customer (customer_id),
    ordered_at  timestamp NOT NULL,
    status      varchar(12) NOT NULL DEFAULT 'paid',
    channel     varchar(10) NOT NULL DEFAULT 'store'
);
COMMENT ON TABLE public.sales_order IS 'One row per order (till receipt or web order)';

CREATE TABLE public.order_item (
    order_id   integer NOT NULL REFERENCES public.sales_order (order_id),
    line_no    smallint NOT NULL,
    product_id integer NOT NULL REFERENCES public.product (product_id),
    quantity   integer NOT NULL CHECK (quantity > 0),
    unit_price numeric(10, 2) NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE sales.daily_revenue (
    shop_id      integer NOT NULL REFERENCES public.shop (shop_id),
    business_day date NOT NULL,
    orders       integer NOT NULL,
    revenue      numeric(12, 2) NOT NULL,
    PRIMARY KEY (shop_id, business_day)
);
COMMENT ON TABLE sales.daily_revenue IS 'Revenue per shop and business day, filled nightly';

INSERT INTO public.shop VALUES
  (1, 'Riverside Cycles', 'Lyon', '2015-03-01', true),
  (2, 'Old Town Bikes', 'Lyon', '2018-06-15', false),
  (3, 'Harbour Wheels', 'Marseille', '2019-04-20', false),
  (4, 'Alpine Gear', 'Grenoble', '2021-09-01', false);

INSERT INTO public.product VALUES
  (1, 'RD-100', 'Road bike Sprint 100', 'road', 1299.00),
  (2, 'RD-300', 'Road bike Carbon 300', 'road', 2899.00),
  (3, 'MT-200', 'Mountain bike Trail 200', 'mountain', 1599.00),
  (4, 'CT-050', 'City bike Comfort 50', 'city', 649.00),
  (5, 'KD-016', 'Kids bike 16 inch', 'kids', 229.00),
  (6, 'AC-HLM', 'Helmet Aero', 'accessory', 89.90),
  (7, 'AC-LCK', 'U-lock Steel', 'accessory', 49.50),
  (8, 'AC-LGT', 'Light set USB', 'accessory', 34.00);

INSERT INTO public.customer
SELECT g, 'Customer ' || g, CASE WHEN g % 4 = 0 THEN NULL ELSE 'customer' || g || '@example.org' END,
       date '2019-01-01' + (g * 17) % 1500,
       (ARRAY['basic', 'basic', 'silver', 'gold'])[1 + g % 4]
FROM generate_series(1, 60) AS g;

INSERT INTO public.sales_order
SELECT g, 1 + g % 4, CASE WHEN g % 7 = 0 THEN NULL ELSE 1 + g % 60 END,
       timestamp '2025-01-01 09:00' + (g * interval '7 hours 13 minutes'),
       (ARRAY['paid', 'paid', 'paid', 'refunded', 'cancelled'])[1 + g % 5],
       CASE WHEN g % 3 = 0 THEN 'web' ELSE 'store' END
FROM generate_series(1, 400) AS g;

INSERT INTO public.order_item
SELECT o, l, 1 + (o * 3 + l) % 8, 1 + (o + l) % 3, p.list_price
FROM generate_series(1, 400) AS o
CROSS JOIN generate_series(1, 2) AS l
JOIN public.product p ON p.product_id = 1 + (o * 3 + l) % 8
WHERE l = 1 OR o % 2 = 0;

INSERT INTO sales.daily_revenue
SELECT o.shop_id, o.ordered_at::date, count(DISTINCT o.order_id), sum(i.quantity * i.unit_price)
FROM public.sales_order o JOIN public.order_item i USING (order_id)
WHERE o.status = 'paid'
GROUP BY 1, 2;

ANALYZE;
