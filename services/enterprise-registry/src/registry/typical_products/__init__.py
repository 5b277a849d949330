"""Typical rural industrial products (sản phẩm công nghiệp nông thôn tiêu biểu)."""
