"${super.foo}bar"
