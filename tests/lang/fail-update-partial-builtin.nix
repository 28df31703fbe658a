{ } // (builtins.div 1)
