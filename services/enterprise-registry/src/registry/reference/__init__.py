"""Reference data: administrative units (with validity in time) and VSIC 2018 sectors."""
