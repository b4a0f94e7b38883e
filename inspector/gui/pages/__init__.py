"""The window's pages: the overview, the sites, the cookies, and the loading and empty states."""
