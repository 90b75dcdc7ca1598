// The baseline of bench/counters.bench.mjs: a minimal Nest app (express platform, JSON body parser) with one
// POST route returning JSON, written in plain JS (decorators applied as functions) so it needs no build.
// Usage: PORT=... node bench/bare-nest.mjs
import 'reflect-metadata';
import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

let value = 1_000_000;

class BareController {
  decrement() {
    value -= 1;
    return { id: 'bare', value, version: 1_000_000 - value, updatedAt: new Date().toISOString() };
  }
}
const d = Object.getOwnPropertyDescriptor(BareController.prototype, 'decrement');
Post(':id/decrement')(BareController.prototype, 'decrement', d);
HttpCode(200)(BareController.prototype, 'decrement', d);
Controller('bare')(BareController);

class BareModule {}
Module({ controllers: [BareController] })(BareModule);

const app = await NestFactory.create(BareModule, { logger: false });
app.setGlobalPrefix('api');
await app.listen(Number(process.env.PORT ?? 3999), '127.0.0.1');
process.stdout.write('ready\n');
