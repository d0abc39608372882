// Must NOT compile: it stands for a file in app/ that reaches for a widget (see tests/build/CMakeLists.txt).
#include <QtWidgets/QWidget>

int main()
{
    return 0;
}
