"""Enterprises, cooperatives and household businesses: the beneficiaries of the program."""
