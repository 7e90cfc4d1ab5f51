SELECT
  DATE_TRUNC('MONTH', CAST("t1"."mql_at" AS DATE)) AS "bucket",
  COUNT(*) AS "entered",
  SUM(
    CAST((
      "t1"."sql_at" IS NOT NULL
    )
    AND (
      CAST("t1"."sql_at" AS DATE) <= MAKE_DATE(2024, 2, 15)
    ) AS INT)
  ) AS "reached"
FROM (
  SELECT
    *
  FROM "current_crm_contacts" AS "t0"
  WHERE
    "t0"."mql_at" IS NOT NULL
    AND CAST("t0"."mql_at" AS DATE) >= MAKE_DATE(2024, 1, 1)
    AND CAST("t0"."mql_at" AS DATE) < MAKE_DATE(2024, 2, 1)
) AS "t1"
GROUP BY
  1
