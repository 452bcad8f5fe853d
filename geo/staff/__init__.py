"""What only staff do: the login (passwords, OIDC, throttling), the data intake (upload, check,
correct, merge) and which pages a visitor may open."""
