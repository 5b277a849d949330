"""Craft villages (làng nghề) under Decree 52/2018/NĐ-CP."""
