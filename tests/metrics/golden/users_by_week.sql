SELECT
  DATE_TRUNC('WEEK', "t1"."session_date") AS "bucket",
  COUNT(DISTINCT "t1"."user_pseudo_id") AS "value",
  COUNT("t1"."user_pseudo_id") AS "known",
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
