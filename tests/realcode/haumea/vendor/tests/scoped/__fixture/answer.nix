answer
