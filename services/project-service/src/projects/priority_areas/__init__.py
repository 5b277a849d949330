"""Priority areas (địa bàn ưu tiên): administrative units a program raises the support level in."""
