"""What guards sign-in: throttling failed attempts, and the devices a person has signed in from."""
