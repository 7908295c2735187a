#include "inl.hpp"
int two() { return 0; }
