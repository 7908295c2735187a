#pragma once
inline int *pick() {
  int *p = 0, *q = 0;
  return p ? p : q;
}
