builtins.div "x" 0
