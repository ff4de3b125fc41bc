import { Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';

@Component({
  imports: [RouterOutlet],
  selector: 'pl-root',
  template: '<router-outlet />',
})
export class App {}
