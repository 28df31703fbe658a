{
  foo = "foo";
  bar = "bar";
}
