"""Cached queries. Filter values reach SQL only as bound parameters."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from .db import cursor


@st.cache_data
def counts_by_locality() -> pd.DataFrame:
    return cursor().execute("""
        SELECT l.locality_id, l.name_zh, l.name_en, l.province_zh, l.level,
               (SELECT count(*) FROM facts f WHERE f.locality_id = l.locality_id) AS facts,
               (SELECT count(*) FROM instruments i WHERE i.locality_id = l.locality_id) AS instruments
        FROM localities l ORDER BY l.province_id, l.locality_id""").df()
