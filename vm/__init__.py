"""The virtual machine: values, thunks, requests, the scheduler, errors and printing."""
