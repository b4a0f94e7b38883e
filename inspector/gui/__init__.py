"""The desktop window. It only adapts the Qt-free core (``inspector.*``) to widgets."""
