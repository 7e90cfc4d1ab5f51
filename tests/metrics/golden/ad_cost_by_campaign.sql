SELECT
  "t1"."campaign" AS "d0",
  SUM("t1"."cost") AS "value",
  COUNT("t1"."cost") AS "known",
  COUNT(*) AS "rows"
FROM (
  SELECT
    *
  FROM "current_ads_daily" AS "t0"
  WHERE
    "t0"."date" >= MAKE_DATE(2024, 1, 1) AND "t0"."date" < MAKE_DATE(2024, 2, 1)
) AS "t1"
GROUP BY
  1
