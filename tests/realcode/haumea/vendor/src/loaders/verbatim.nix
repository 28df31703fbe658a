_:

_: import
