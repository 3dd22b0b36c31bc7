module kvm.example/embed

go 1.19
