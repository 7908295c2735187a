#include "../conflict.hpp"
int a() { return 0; }
