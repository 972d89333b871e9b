"""The floor for rerun timings: a Streamlit page that draws one line of text."""
import streamlit as st

st.write("floor")
