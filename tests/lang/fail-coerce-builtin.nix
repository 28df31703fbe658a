toString + 1
