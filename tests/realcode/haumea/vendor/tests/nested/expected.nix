{
  a.b.c.value = "a.b.c";
  a.b.c.d.value = "a.b.c.d";
  a.b.c.d.e.value = "a.b.c.d.e";
  a.b.c.d.e.f.value = "a.b.c.d.e.f";
}
