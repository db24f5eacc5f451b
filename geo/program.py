"""The program's calendar and its city: constants shared by every layer.

The three-year program (创业社区建设三年行动) runs from 2022 to 2024; its indicators are
quarterly. Pure constants: importing this module imports nothing else.
"""

from __future__ import annotations

PROGRAM_YEARS = (2022, 2023, 2024)
PROGRAM_QUARTERS = tuple(f"{year}Q{quarter}" for year in PROGRAM_YEARS for quarter in (1, 2, 3, 4))
FIRST_QUARTER, LAST_QUARTER = PROGRAM_QUARTERS[0], PROGRAM_QUARTERS[-1]
# The whole program as a period value (URL parameter, widget option): "2022-2024".
ALL_PERIODS = f"{PROGRAM_YEARS[0]}-{PROGRAM_YEARS[-1]}"

URUMQI_ADCODE = "650100"  # the city (prefecture level) the atlas maps
