let a = a + 1; in a
