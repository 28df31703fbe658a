{
  answer = 42;
  foo = "foo";
  bar = "foobar";
}
