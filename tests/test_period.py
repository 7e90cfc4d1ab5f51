from datetime import date

import pytest
from pydantic import ValidationError

from koers.domain.period import Grain, Period


def test_quarter_is_half_open() -> None:
    q1 = Period.quarter(2023, 1)
    assert (q1.start, q1.end, q1.last_day) == (date(2023, 1, 1), date(2023, 4, 1), date(2023, 3, 31))
    assert q1.grain is Grain.QUARTER
    assert [p.start.month for p in q1.subperiods(Grain.MONTH)] == [1, 2, 3]


def test_end_before_start_is_refused_at_end() -> None:
    with pytest.raises(ValidationError) as caught:
        Period.of(date(2023, 4, 1), date(2023, 1, 1))
    assert caught.value.errors()[0]["loc"] == ("end",)
    assert caught.value.errors()[0]["msg"] == "before start"
