[ (__add 1 2) __map ]
