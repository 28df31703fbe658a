{
  answer = 42;
}
