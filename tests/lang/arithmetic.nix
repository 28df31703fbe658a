# Integers, floats, mixing, truncating division, comparison.
[ (1 + 2 * 3) (7 / 2) (-7 / 2) (1 + 0.5) (2 * 1.5) (10 - 3 - 2) (1 < 2) (2 <= 1) ("a" < "b") ([ 1 2 ] < [ 1 3 ]) (-(3)) ]
