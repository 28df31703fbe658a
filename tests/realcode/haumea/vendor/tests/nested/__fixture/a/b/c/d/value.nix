{ root }:

"${root.a.b.c.value}.d"
