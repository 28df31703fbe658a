{ super }:

super.defaultWith import
