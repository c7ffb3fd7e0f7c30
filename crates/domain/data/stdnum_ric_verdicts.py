#!/usr/bin/env python3
"""Writes crates/domain/tests/data/stdnum_ric.tsv: 3,000 resident identity numbers and what
python-stdnum's `stdnum.cn.ric` says of each (an independent implementation of the checksum, the
birth date and the birth place), for crates/domain/tests/stdnum_ric.rs to compare with.

    v/bin/python crates/domain/data/stdnum_ric_verdicts.py    # with python-stdnum==2.2
"""
import os
import random
import sys
from stdnum.cn import ric
from stdnum import exceptions as ex

random.seed(20261202)
sys.path.insert(0, os.path.dirname(__file__))
from region_prefixes import counties  # noqa: E402  (the same reading of loc.dat)

counties = list(counties())

def check_digit(first17):
    return ric.calc_check_digit(first17 + "0")

def verdict_of(number):
    if number[-1] != ric.calc_check_digit(number):
        return "checksum"
    try:
        ric.get_birth_date(number)
    except ex.ValidationError:
        return "date"
    try:
        ric.get_birth_place(number)
    except (ex.ValidationError, KeyError):
        # KeyError: a province code alone (xx0000) has no county entry in stdnum's table.
        return "place"
    ric.validate(number)  # all three hold: stdnum's own verdict must agree
    return "valid"


rows = []
for i in range(3000):
    kind = i % 6
    region = random.choice(counties)
    if kind == 5:
        region = "%06d" % random.randrange(0, 1000000)  # anything, mostly undefined
    year = random.randint(1900, 2024)
    month = random.randint(1, 12)
    day = random.randint(1, 31 if kind == 4 else 28)  # kind 4 includes impossible dates
    first17 = "%s%04d%02d%02d%03d" % (region, year, month, day, random.randrange(1000))
    number = first17 + check_digit(first17)
    if kind == 3:  # a wrong check character
        number = first17 + random.choice([c for c in "0123456789X" if c != number[-1]])
    rows.append((number, verdict_of(number)))

out = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "stdnum_ric.tsv")
with open(out, "w", encoding="utf-8") as f:
    f.write("# number<TAB>python-stdnum 2.2's verdict: valid | checksum | date | place (birth place unknown for the birth year)\n")
    for number, verdict in rows:
        f.write(f"{number}\t{verdict}\n")
print(len(rows), "rows", {v: sum(1 for _, x in rows if x == v) for v in ("valid", "checksum", "date", "place")})
