SELECT
  "t1"."channel" AS "d0",
  COUNT(*) AS "value",
  COUNT(*) AS "known",
  COUNT(*) AS "rows"
FROM (
  SELECT
    *
  FROM "current_web_sessions" AS "t0"
  WHERE
    "t0"."session_date" >= MAKE_DATE(2024, 1, 1)
    AND "t0"."session_date" < MAKE_DATE(2024, 2, 1)
) AS "t1"
GROUP BY
  1
