# The hello stub domain (apps/hello): $(BUILD)/hello.gz, what `make demo` boots.
IMAGES += hello
hello_SRCS := $(wildcard apps/hello/*.c)
hello_LIBS := 
