//! The cost of a password at sign-in (issue 17): one `verify_password` and one `hash_password`
//! with the default argon2id parameters. The target is 50-250 ms per sign-in on the 2-core
//! machine: slow enough that guessing stolen hashes is expensive, fast enough for a person.
//!
//! Hashing the password verified is not measured. Ten samples are enough for a figure of about
//! a tenth of a second; the default hundred would take minutes.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

use planner::edge::credentials::{hash_password, verify_password, PasswordParams};

const PASSWORD: &str = "correct horse battery staple zebra";

fn sign_in(criterion: &mut Criterion) {
    let params = PasswordParams::default();
    let hash = hash_password(PASSWORD, &params).expect("hash");
    let mut group = criterion.benchmark_group("sign_in");
    group.sample_size(10);
    group.bench_function("verify_password (default params)", |bencher| {
        bencher.iter(|| assert!(verify_password(black_box(&hash), black_box(PASSWORD))));
    });
    group.bench_function("hash_password (default params)", |bencher| {
        bencher.iter(|| hash_password(black_box(PASSWORD), &params).expect("hash"));
    });
    group.finish();
}

criterion_group!(benches, sign_in);
criterion_main!(benches);
