#!/usr/bin/env python3
"""Writes uscc_verdicts.txt: USCCs and python-stdnum's verdict on each (`cn.uscc.is_valid`),
the independent check of `jxjy_domain::Uscc` (issue 17). Run: python3 uscc_verdicts.py
(needs python-stdnum==2.2; `.ci/run`'s virtualenv has it)."""
import random
from stdnum.cn import uscc

ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'


def org_check(body):
    # GB 11714: weights 3 7 9 10 5 8 4 2, digits their value, letters A=10 … Z=35.
    value = lambda c: int(c) if c.isdigit() else ord(c) - ord('A') + 10
    r = 11 - sum(value(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2))) % 11
    return 'X' if r == 10 else '0' if r == 11 else str(r)


def valid_code(rnd):
    # stdnum reads the first eight as digits, so the generated authority and kind are digits.
    head = rnd.choice('159') + rnd.choice('123') + ''.join(rnd.choice('0123456789') for _ in range(6))
    body = ''.join(rnd.choice(ALPHABET) for _ in range(8))
    first17 = head + body + org_check(body)
    return first17 + uscc.calc_check_digit(first17)


def main():
    rnd = random.Random(20261202)
    lines = []
    for _ in range(1000):
        code = valid_code(rnd)
        lines.append(code)
        for _ in range(2):
            i = rnd.randrange(18)
            other = rnd.choice([c for c in ALPHABET if c != code[i]])
            lines.append(code[:i] + other + code[i + 1:])
    with open('uscc_verdicts.txt', 'w') as out:
        out.write('# USCC and python-stdnum 2.2 cn.uscc.is_valid (1 valid, 0 not); made by uscc_verdicts.py\n')
        for code in lines:
            out.write(f'{code} {int(uscc.is_valid(code))}\n')


if __name__ == '__main__':
    main()
