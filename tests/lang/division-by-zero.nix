let a = 1; b = 0; in a / b
