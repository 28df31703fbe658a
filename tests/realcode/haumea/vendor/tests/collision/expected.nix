{
  success = false;
  value = false;
}
