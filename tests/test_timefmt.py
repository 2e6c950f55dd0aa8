"""The time forms no writer's own test covers: feed and DAISY totals, estimates, phone, player."""

from narrate.timefmt import hms, minutes_clock, spoken_length, tenths_clock


def test_hms_rounds_to_the_second() -> None:
    assert hms(0) == "00:00:00"
    assert hms(3_725_499) == "01:02:05"
    assert hms(3_725_500) == "01:02:06"


def test_minutes_clock_keeps_counting_minutes_past_the_hour() -> None:
    assert minutes_clock(59_400) == "0:59"
    assert minutes_clock(4_503_000) == "75:03"


def test_tenths_clock() -> None:
    assert tenths_clock(65_250) == "1:05.2"
    assert tenths_clock(9_960) == "0:10.0"


def test_spoken_length() -> None:
    assert spoken_length(4_000) == "4 s"
    assert spoken_length(78_400) == "1 min 18 s"
    assert spoken_length(7_500_000) == "2 h 5 min"
