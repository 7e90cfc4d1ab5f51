SELECT
  COUNT(*) AS "value",
  COUNT(*) AS "known",
  COUNT(*) AS "rows"
FROM (
  SELECT
    *
  FROM "current_web_sessions" AS "t0"
  WHERE
    "t0"."engaged"
    AND "t0"."channel" = 'Email'
    AND "t0"."session_date" >= MAKE_DATE(2024, 1, 1)
    AND "t0"."session_date" < MAKE_DATE(2024, 2, 1)
) AS "t1"
