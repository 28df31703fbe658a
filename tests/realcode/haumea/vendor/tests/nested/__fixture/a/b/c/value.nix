"a.b.c"
