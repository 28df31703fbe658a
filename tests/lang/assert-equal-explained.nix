# A failing `assert a == b` explains the first difference.
assert { a.b = [ { c = true; } ]; } == { a.b = [ { c = false; } ]; };
1
