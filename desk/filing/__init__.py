"""Filing gateways: assisted ANEF filing, substitution deposits (e-mail import)."""
