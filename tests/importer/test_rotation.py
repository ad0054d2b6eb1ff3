"""The published rotation (busplanner.importer.rotation): the legs, the lunch break the
published days leave room for, the crew's shift, and the plan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from busplanner.importer.rotation import Legs
from busplanner.travel import great_circle_matrix


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-5.0, 5.0), st.floats(40.0, 55.0)), min_size=2, max_size=12),
    st.floats(5, 130),
    st.floats(1, 3),
)
def test_the_legs_are_the_great_circle_matrix(
    points: list[tuple[float, float]], speed_kmh: float, detour: float
) -> None:
    """The import's legs, computed one by one, are the matrix's entries."""

    class Travel:
        travel_model = "great_circle"

    travel = Travel()
    travel.speed_kmh = speed_kmh  # type: ignore[attr-defined]
    travel.detour_factor = detour  # type: ignore[attr-defined]
    legs = Legs(travel, points)  # type: ignore[arg-type]
    matrix = great_circle_matrix(points, speed_kmh=speed_kmh, detour_factor=detour)
    for i in range(len(points)):
        for j in range(len(points)):
            assert legs.km(i, j) == matrix.distance_km[i][j]
            assert legs.minutes(i, j) == matrix.duration_min[i][j]
