{ super }:

super.internal
